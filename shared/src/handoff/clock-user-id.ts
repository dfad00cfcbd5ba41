/**
 * The author of derived events (`judged`, `escalated`). Several writers record the same occasion
 * (the relay's watcher, each editor's extension); they all sign it with this id so that every
 * writer produces the identical entry and a second write is a harmless duplicate.
 */
export const clockUserId = 'pactline-clock';
