import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { formatDateTime } from '../../components/format';

type Task = Schemas['TaskDto'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Now, refreshed every 30 s so countdowns move without refetching. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Urgency of a task: overdue (red), within a working day (orange), or in time (green). */
export function urgencyOf(task: Task, now: number): 'overdue' | 'soon' | 'fine' | 'done' {
  if (task.status === 'completed' || task.status === 'cancelled') return 'done';
  if (task.clock === 'stopped') {
    const days = task.remainingWorkingDays;
    if (days === null) return task.breachedAt ? 'overdue' : 'fine';
    return days < 0 ? 'overdue' : days < 1 ? 'soon' : 'fine';
  }
  const left = new Date(task.dueAt).getTime() - now;
  return left < 0 || task.breachedAt ? 'overdue' : left < DAY ? 'soon' : 'fine';
}

const COLOURS = { overdue: 'red', soon: 'orange', fine: 'green', done: 'default' } as const;

/**
 * The working time a task has left: a countdown to dueAt while its clock runs, the working days
 * kept when the clock is stopped (paused, awaiting the applicant).
 */
export function TimeLeft({ task, now }: { task: Task; now: number }) {
  const { t } = useTranslation();
  const urgency = urgencyOf(task, now);
  // A finished task has no time left to show (its status says it is done).
  if (urgency === 'done') return <span data-testid="time-left">—</span>;
  let text: string;
  if (task.clock === 'stopped') {
    const days = task.remainingWorkingDays;
    text =
      days === null
        ? t('workbench.countdown.stoppedUnknown')
        : days < 0
          ? t('workbench.countdown.stoppedOverdue', { days: Math.abs(days) })
          : t('workbench.countdown.stopped', { days });
  } else {
    const left = new Date(task.dueAt).getTime() - now;
    const time = duration(Math.abs(left), t);
    text = left < 0 ? t('workbench.countdown.overdue', { time }) : t('workbench.countdown.left', { time });
  }
  return (
    <Tag color={COLOURS[urgency]} data-testid="time-left" data-urgency={urgency} title={formatDateTime(task.dueAt)}>
      {text}
    </Tag>
  );
}

function duration(ms: number, t: (key: string, options: { count: number }) => string): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  if (days > 0)
    return `${t('workbench.countdown.days', { count: days })} ${t('workbench.countdown.hours', { count: hours })}`;
  if (hours > 0) return t('workbench.countdown.hours', { count: hours });
  return t('workbench.countdown.minutes', { count: Math.max(1, Math.floor(ms / MINUTE)) });
}
