import type { RouteObject } from 'react-router';
import { RequireRole } from '../../components/Shell';
import { CaseView } from './CaseView';
import { Catalogue } from './Catalogue';
import { MyApplications } from './MyApplications';
import { ServicePage } from './ServicePage';

const applicant = ['applicant'] as const;

/** The enterprise portal. */
export const applyRoutes: RouteObject[] = [
  {
    path: '/apply',
    element: (
      <RequireRole roles={applicant}>
        <Catalogue />
      </RequireRole>
    ),
  },
  {
    path: '/apply/services/:code',
    element: (
      <RequireRole roles={applicant}>
        <ServicePage />
      </RequireRole>
    ),
  },
  {
    path: '/apply/applications',
    element: (
      <RequireRole roles={applicant}>
        <MyApplications />
      </RequireRole>
    ),
  },
];

/** One case, for every role within its scope (the API refuses the rest with 404). */
export const caseRoutes: RouteObject[] = [{ path: '/cases/:id', element: <CaseView /> }];
