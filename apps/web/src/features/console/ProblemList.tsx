import { Typography } from 'antd';
import type { Problem } from './problems';

/** A validation report, problem by problem, each with where it is. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="problem-list">
      {problems.map((p, index) => (
        <li key={`${index}-${p.path}`}>
          <Typography.Text code>{p.path}</Typography.Text> {p.message}
        </li>
      ))}
    </ol>
  );
}
