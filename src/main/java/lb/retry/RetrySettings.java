package lb.retry;

/**
 * @param attempts      tries after the first, each on another backend ({@code lb.retry.attempts})
 * @param budgetPercent retries as a share of requests, at most ({@code lb.retry.budget})
 */
public record RetrySettings(int attempts, int budgetPercent) {
}
