/**
 * Sizes the bridge's doors enforce, the same at every door (Electron IPC, the Node host).
 */

/** The largest request body the Node host reads, and the longest text argument (a package file's text) any door accepts. */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Largest journal entry the renderer may send, as JSON (a ballot with many write-ins stays far below). */
export const MAX_ENTRY_BYTES = 256 * 1024;
