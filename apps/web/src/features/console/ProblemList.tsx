import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../api/errors';
import type { Problem } from './problems';

/** A validation report, problem by problem, each with where it is. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="problem-list">
      {problems.map((p, index) => (
        <li key={`${index}-${p.path}`}>
          <Typography.Text code>{p.path}</Typography.Text> {problemMessage(t, p)}
        </li>
      ))}
    </ol>
  );
}
