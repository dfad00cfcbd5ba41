import type { MeasureDimension } from '@pactline/shared';

export const dimensionLabels: Record<MeasureDimension, string> = { rule: 'Rule', party: 'Party', rep: 'Rep' };
