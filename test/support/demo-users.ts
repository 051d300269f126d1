import { DEMO_PASSWORD } from '../../libs/persistence/seed/demo-data';
import { ApiUser, type ProcessStack } from './process-stack';

/** Logs in a demo account (see libs/persistence/seed/demo-data.ts). */
export function loginAs(stack: ProcessStack, username: string): Promise<ApiUser> {
  return ApiUser.login(stack.baseUrl, username, DEMO_PASSWORD);
}

export const RESTAURANT_FILING = {
  serviceCode: 'restaurant-opening',
  // Over 150 m², so the environment review applies and the first stage has three departments.
  form: { shop_name: '味道小馆', seating_area_m2: 200, serves_alcohol: false, employees: 12 },
  materials: [
    { code: 'articles-of-association', content: '公司章程 …' },
    { code: 'floor-plan', content: '消防平面图 …' },
  ],
};

interface QueueRow {
  id: string;
  applicationId: string;
  stepKey: string;
  round: number;
  status: string;
  departmentCode: string;
}

/** The rows of `user`'s department queue that belong to one application. */
export async function queueFor(user: ApiUser, applicationId: string): Promise<QueueRow[]> {
  const rows: QueueRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/tasks?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await user.request<{ items: QueueRow[]; nextCursor: string | null }>('GET', query);
    if (page.status !== 200) throw new Error(`GET /tasks: ${page.status} ${JSON.stringify(page.body)}`);
    rows.push(...page.body.items.filter((t) => t.applicationId === applicationId));
    cursor = page.body.nextCursor;
  } while (cursor);
  return rows;
}

/** Claims the task and decides it, as the department officer would. */
export async function claimAndDecide(
  officer: ApiUser,
  taskId: string,
  outcome: 'approve' | 'reject' | 'request_supplement',
  opinion = '材料齐全，符合要求',
) {
  const claim = await officer.request('POST', `/tasks/${taskId}/claim`);
  if (claim.status !== 200) throw new Error(`claim: ${claim.status} ${JSON.stringify(claim.body)}`);
  return officer.request('POST', `/tasks/${taskId}/decision`, { outcome, opinion });
}
