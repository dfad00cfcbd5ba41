/**
 * Counts connections per IP that have not yet authenticated, so that one address cannot hold the
 * relay's sockets open with handshakes that never finish.
 */
export class PendingConnections {
  private readonly byIp = new Map<string, number>();

  constructor(private readonly maxPerIp: number) {}

  /** Returns a release function, or `null` when this IP is already at the limit. */
  admit(ip: string): (() => void) | null {
    const count = this.byIp.get(ip) ?? 0;
    if (count >= this.maxPerIp) return null;
    this.byIp.set(ip, count + 1);
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const left = (this.byIp.get(ip) ?? 1) - 1;
      if (left <= 0) this.byIp.delete(ip);
      else this.byIp.set(ip, left);
    };
  }

  get total(): number {
    let sum = 0;
    for (const count of this.byIp.values()) sum += count;
    return sum;
  }
}
