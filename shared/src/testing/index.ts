// Test-only helpers (`@pactline/shared/testing`, resolved from source in tests, never built).
export * from './handoffs.js';
export * from './office-calendar.js';
export * from './rules.js';
