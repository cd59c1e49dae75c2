// @turnpike/common: the contract the gateway, the dashboard and the pump share.
export * from './api-definition';
export * from './key';
export * from './analytics';
export * from './errors';
export * from './validation';
export * from './redis-keys';
export * from './events';
export * from './keys-crypto';
export * from './paths';
export * from './env';
export * from './analytics-pipeline';
export * from './analytics-metrics';
export * from './analytics-aggregates';
