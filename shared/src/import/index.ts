export * from './crm-time.js';
export * from './export-reader.js';
export * from './import-plan.js';
export * from './import-presets.js';
export * from './import-report.js';
export * from './text-encoding.js';
