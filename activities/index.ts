export * from './application.activities';
export * from './clock-sources';
export * from './notification-delivery.activities';
