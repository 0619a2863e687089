// --sim-hang-after / --sim-hang-at-start: the process stops answering while its sockets stay open.

/** Block the JS thread forever (event loop dead, sockets stay open): a process hung in a CUDA call. */
export function hangForever(ignoreSigterm: boolean): never {
  if (!ignoreSigterm) {
    // Without JS listeners Node restores the default disposition: SIGTERM/SIGINT end the process,
    // as for a Python process hung in native code (default SIGTERM action).
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
  }
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0);
}
