/** Per-endpoint deliveries per second (decision 051): the default, and the bounds the API accepts. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 50;
export const MAX_RATE_LIMIT_PER_SECOND = 10_000;
