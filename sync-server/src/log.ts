/** One JSON object per line on stdout, so the relay's logs can be read by any log shipper. */
export type Log = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export function createJsonLog(write: (line: string) => void): Log {
  return (level, msg, fields) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
}

export const silentLog: Log = () => {};
