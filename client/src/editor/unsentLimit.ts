// No imports: the e2e tests read the bound from here, outside the client's bundler.

/**
 * Bytes of local edits the server has not confirmed that one document may hold on this device.
 * Past it the editor stops taking text until the connection returns and the server has stored
 * them (the status says so): the next connection sends all of them in one sync step 2, which
 * must stay well inside the server's frame limit (MAX_FRAME_BYTES, 8 MiB by default).
 */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
