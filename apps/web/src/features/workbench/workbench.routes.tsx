import type { RouteObject } from 'react-router';

/** Routes of this portal (see issue 7); each is wrapped in RequireRole for the portal's roles. */
export const workbenchRoutes: RouteObject[] = [];
