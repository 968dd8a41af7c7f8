/** Where an export writes: a Node writable stream or an async callback. */
export type ExportTarget = NodeJS.WritableStream | ((chunk: string) => void | Promise<void>);

/** Writes text and waits when the target asks it to (backpressure). */
export type TextSink = (chunk: string) => Promise<void>;

export function toTextSink(target: ExportTarget): TextSink {
  if (typeof target === 'function') return async (chunk) => void (await target(chunk));
  return (chunk) => writeRespectingBackpressure(target, chunk);
}

function writeRespectingBackpressure(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (err === undefined) resolve();
      else reject(err instanceof Error ? err : new Error('export stream failed'));
    };
    const onDrain = (): void => done();
    const onError = (err: unknown): void => done(err);
    const onClose = (): void => done(new Error('the export stream was closed before the export finished'));
    stream.on('error', onError);
    stream.on('close', onClose);
    if (stream.write(chunk, 'utf8')) done();
    else stream.on('drain', onDrain);
  });
}
