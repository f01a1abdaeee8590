/**
 * How this process stored customers' messages and agents' replies (/metrics,
 * `switchboard_write_path`): a direct write is two statements shared with
 * others; the transactional path holds the conversation's row over several
 * round trips. Many transactional ones under load mean direct writes
 * declining (a compare-and-set lost, a row held by a routing batch).
 */
export const writePaths = { inboundDirect: 0, inboundNewCustomer: 0, inboundTransactional: 0, replyDirect: 0, replyTransactional: 0 };
