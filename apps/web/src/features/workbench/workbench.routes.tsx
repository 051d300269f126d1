import type { RouteObject } from 'react-router';
import { RequireRole } from '../../components/Shell';
import { TaskView } from './TaskView';
import { WorkbenchQueue } from './WorkbenchQueue';

const staff = ['staff'] as const;

/** The staff workbench: the department queue and one task's handling. */
export const workbenchRoutes: RouteObject[] = [
  {
    path: '/workbench',
    element: (
      <RequireRole roles={staff}>
        <WorkbenchQueue />
      </RequireRole>
    ),
  },
  {
    path: '/workbench/tasks/:id',
    element: (
      <RequireRole roles={staff}>
        <TaskView />
      </RequireRole>
    ),
  },
];
