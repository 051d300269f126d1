export * from './route/route.types';
export * from './route/route-graph';
export * from './service/step-config';
export * from './service/service-version';
export * from './application/application.types';
export * from './application/application.errors';
export * from './calendar/working-days';
export * from './application/search-attributes';
