import type { RouteObject } from 'react-router';
import { RequireRole } from '../../components/Shell';
import { CoordinationConsole } from './CoordinationConsole';
import { DepartmentConsole } from './DepartmentConsole';
import { ServiceEditor } from './ServiceEditor';

const departmentCio = ['dept_cio'] as const;
const coordination = ['coord_cio', 'admin'] as const;

/** The department CIO and coordinating CIO consoles (issue 7). */
export const consoleRoutes: RouteObject[] = [
  {
    path: '/department',
    element: (
      <RequireRole roles={departmentCio}>
        <DepartmentConsole />
      </RequireRole>
    ),
  },
  {
    path: '/coordination',
    element: (
      <RequireRole roles={coordination}>
        <CoordinationConsole />
      </RequireRole>
    ),
  },
  {
    path: '/coordination/services/:code',
    element: (
      <RequireRole roles={coordination}>
        <ServiceEditor />
      </RequireRole>
    ),
  },
];
