// Whether a model call's caller gave up: the LLM answerer and drafter then compute no fallback.

/** True when the caller itself gave up (client gone): no fallback answer is worth computing then. */
export const cancelledBy = (signal: AbortSignal | undefined) => signal?.aborted === true;
