export * from './application.activities';
export * from './deadlines';
