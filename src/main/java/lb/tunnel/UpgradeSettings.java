package lb.tunnel;

import java.time.Duration;

/**
 * Protocol upgrades (WebSocket): whether they are passed through, and how long an upgraded
 * connection may stay silent. {@code enabled} is the balancer-wide switch ({@code lb.upgrade});
 * a route's own switch, when routes come, replaces it for the requests that route takes.
 *
 * @param enabled whether a request asking to switch protocols is forwarded with its Upgrade
 * @param idle    silence both ways after which an upgraded connection is closed
 */
public record UpgradeSettings(boolean enabled, Duration idle) {
}
