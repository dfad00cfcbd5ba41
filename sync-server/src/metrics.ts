import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type RejectReason =
  | 'missing_token'
  | 'expired_token'
  | 'invalid_token'
  | 'invalid_room'
  | 'forbidden_workspace'
  | 'too_many_pending'
  | 'shutting_down';

/** The relay's Prometheus metrics, in a registry of its own (no global state). */
export function createRelayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pactline_relay_' });
  const labelless = { registers: [registry] };
  return {
    registry,
    connections: new Gauge({
      name: 'pactline_relay_connections',
      help: 'Open websocket connections',
      ...labelless,
    }),
    roomsLoaded: new Gauge({
      name: 'pactline_relay_rooms_loaded',
      help: 'Documents held in memory',
      ...labelless,
    }),
    messagesIn: new Counter({
      name: 'pactline_relay_messages_in_total',
      help: 'Messages received',
      ...labelless,
    }),
    messagesOut: new Counter({
      name: 'pactline_relay_messages_out_total',
      help: 'Messages sent',
      ...labelless,
    }),
    bytesIn: new Counter({ name: 'pactline_relay_bytes_in_total', help: 'Bytes received', ...labelless }),
    bytesOut: new Counter({ name: 'pactline_relay_bytes_out_total', help: 'Bytes sent', ...labelless }),
    storageSeconds: new Histogram({
      name: 'pactline_relay_storage_seconds',
      help: 'Duration of storage operations',
      labelNames: ['operation'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      ...labelless,
    }),
    rejectedConnections: new Counter({
      name: 'pactline_relay_rejected_connections_total',
      help: 'Connections refused before joining a room, by reason',
      labelNames: ['reason'] as const,
      ...labelless,
    }),
    closedConnections: new Counter({
      name: 'pactline_relay_closed_connections_total',
      help: 'Connections the relay closed for breaking a limit or the protocol, by reason',
      labelNames: ['reason'] as const,
      ...labelless,
    }),
    droppedViewerUpdates: new Counter({
      name: 'pactline_relay_viewer_updates_dropped_total',
      help: 'Updates sent by read-only connections and dropped',
      ...labelless,
    }),
  };
}

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
