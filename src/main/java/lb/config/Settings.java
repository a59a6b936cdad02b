package lb.config;

import java.time.Duration;
import java.util.List;

import lb.accesslog.AccessLogSettings;
import lb.balancing.Backend;
import lb.balancing.BalancingSettings;
import lb.client.TlsSettings;
import lb.health.HealthSettings;
import lb.health.OutlierSettings;
import lb.lifecycle.ShutdownSettings;
import lb.limit.LimitSettings;
import lb.rate.RateSettings;
import lb.retry.RetrySettings;
import lb.tunnel.UpgradeSettings;

/**
 * One consistent, immutable view of the configuration. A new one replaces the old in a single
 * atomic swap, so a request sees either the old or the new settings, never a mix.
 *
 * @param backends        the usable backends; empty when none is usable
 * @param noBackendReason why {@code backends} is empty, for the 503 body; null otherwise
 * @param trustedProxies  clients whose forwarding headers are believed (empty: nobody)
 * @param metricsAllow    connection addresses that may read the metrics without logging in
 * @param rate            the per-client request rate limit
 * @param rateMaxClients  the most clients whose rate is tracked at once
 * @param tls             how https backends are checked
 */
public record Settings(
        List<Backend> backends,
        String noBackendReason,
        Duration connectTimeout,
        Duration readTimeout,
        boolean preserveHost,
        String adminPrefix,
        Duration configPoll,
        BalancingSettings balancing,
        HealthSettings health,
        OutlierSettings outlier,
        RetrySettings retry,
        LimitSettings backendLimits,

        List<Cidr> trustedProxies,
        Limits limits,
        ShutdownSettings shutdown,
        List<Cidr> metricsAllow,
        UpgradeSettings upgrade,
        RateSettings rate,
        int rateMaxClients,
        TlsSettings tls,
        AccessLogSettings accessLog) {
}
