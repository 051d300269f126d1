import { createCB } from 'xmlbuilder2';
import type {
  EventLogCase,
  EventLogStepEvent,
  StepLifecycleEventKind,
} from '../../../libs/persistence/repositories/event-log.repository';

/**
 * Our step events as transitions of the XES standard lifecycle model (IEEE 1849-2016, lifecycle
 * extension, model "standard"), so a process-mining tool measures waiting time (schedule → start)
 * and working time (start → complete, less suspend → resume) the way DESIGN.md's metrics do:
 *
 * | our event kind                      | lifecycle:transition | why                                             |
 * |-------------------------------------|----------------------|-------------------------------------------------|
 * | step_started (round 1)              | schedule             | the step's task enters the department's queue   |
 * | task_created (rounds after the 1st) | schedule             | queued again after the applicant's supplement   |
 * | claimed                             | start                | an officer takes the task and starts work       |
 * | reassigned                          | reassign             | the CIO hands the task to another officer       |
 * | paused                              | suspend              | the step's clock stops (inspection, hearing …)  |
 * | resumed                             | resume               | the clock runs again                            |
 * | decided (also deemed approvals)     | complete             | the round ends with an outcome                  |
 * | step_cancelled                      | ate_abort            | the task was cancelled before it was decided    |
 *
 * A release (an officer gives a task back) has no transition in the standard model from a started
 * activity back to the queue, so it is left out: the next claim is another `start`.
 */
export const LIFECYCLE_TRANSITION: Readonly<Record<StepLifecycleEventKind, string>> = {
  step_started: 'schedule',
  task_created: 'schedule',
  claimed: 'start',
  reassigned: 'reassign',
  paused: 'suspend',
  resumed: 'resume',
  decided: 'complete',
  step_cancelled: 'ate_abort',
};

/** The standard extensions the log uses, as XES requires them declared before use. */
const EXTENSIONS = [
  { name: 'Concept', prefix: 'concept', uri: 'http://www.xes-standard.org/concept.xesext' },
  { name: 'Lifecycle', prefix: 'lifecycle', uri: 'http://www.xes-standard.org/lifecycle.xesext' },
  { name: 'Time', prefix: 'time', uri: 'http://www.xes-standard.org/time.xesext' },
  { name: 'Organizational', prefix: 'org', uri: 'http://www.xes-standard.org/org.xesext' },
];

/** The version attribute as IEEE 1849-2016 writes it (an xs:decimal in the standard's schema). */
const XES_VERSION = '1849.2016';

export interface XesLogHeader {
  serviceCode: string;
  from: Date;
  to: Date;
  /** Set on a department CIO's export, which holds only that department's events. */
  departmentCode?: string;
}

/**
 * Writes one XES document as it goes: the header on creation, a trace per `writeCase`, the
 * closing tag on `end`. Each piece of text goes to `sink` as soon as it is made, so the caller can
 * stream it to the client. xmlbuilder2 escapes every attribute value.
 */
export class XesWriter {
  private readonly xml: ReturnType<typeof createCB>;

  constructor(sink: (chunk: string) => void, header: XesLogHeader) {
    this.xml = createCB({ data: sink, prettyPrint: true });
    this.xml.dec({ version: '1.0', encoding: 'UTF-8' });
    this.xml.ele('log', { 'xes.version': XES_VERSION });
    for (const extension of EXTENSIONS) this.xml.ele('extension', extension).up();
    // Global attributes: every trace and event carries these (the values are the standard defaults).
    this.xml.ele('global', { scope: 'trace' });
    this.attribute('string', 'concept:name', 'UNKNOWN');
    this.xml.up();
    this.xml.ele('global', { scope: 'event' });
    this.attribute('string', 'concept:name', 'UNKNOWN');
    this.attribute('string', 'lifecycle:transition', 'complete');
    this.attribute('date', 'time:timestamp', new Date(0).toISOString());
    this.attribute('string', 'org:group', 'UNKNOWN');
    this.xml.up();
    this.xml.ele('classifier', { name: 'Activity', keys: 'concept:name' }).up();
    this.xml.ele('classifier', { name: 'ActivityTransition', keys: 'concept:name lifecycle:transition' }).up();
    this.xml.ele('classifier', { name: 'Department', keys: 'org:group' }).up();
    const scope = header.departmentCode ? ` (${header.departmentCode})` : '';
    this.attribute(
      'string',
      'concept:name',
      `${header.serviceCode}${scope} ${isoDate(header.from)}..${isoDate(header.to)}`,
    );
    this.attribute('string', 'lifecycle:model', 'standard');
    this.attribute('string', 'serviceCode', header.serviceCode);
    this.attribute('date', 'filedFrom', header.from.toISOString());
    this.attribute('date', 'filedTo', header.to.toISOString());
    if (header.departmentCode) this.attribute('string', 'departmentCode', header.departmentCode);
  }

  /** One application: a trace named by its number, its step events in the order they happened. */
  writeCase(application: EventLogCase): void {
    this.xml.ele('trace');
    this.attribute('string', 'concept:name', application.number);
    this.attribute('string', 'applicationId', application.id);
    this.attribute('string', 'serviceCode', application.serviceCode);
    this.attribute('int', 'serviceVersion', String(application.serviceVersion));
    this.attribute('string', 'status', application.status);
    this.attribute('date', 'filedAt', application.filedAt.toISOString());
    for (const event of application.events) this.writeEvent(event);
    this.xml.up();
  }

  end(): void {
    this.xml.up();
    this.xml.end();
  }

  private writeEvent(event: EventLogStepEvent): void {
    this.xml.ele('event');
    this.attribute('string', 'concept:name', event.stepKey);
    this.attribute('string', 'lifecycle:transition', LIFECYCLE_TRANSITION[event.kind]);
    this.attribute('date', 'time:timestamp', event.at.toISOString());
    this.attribute('string', 'org:group', event.departmentCode);
    if (event.actorUsername) this.attribute('string', 'org:resource', event.actorUsername);
    if (event.actorRole) this.attribute('string', 'org:role', event.actorRole);
    this.attribute('string', 'kind', event.kind);
    this.attribute('int', 'round', String(event.round));
    if (event.outcome) this.attribute('string', 'outcome', event.outcome);
    if (event.basis) this.attribute('string', 'basis', event.basis);
    this.xml.up();
  }

  private attribute(type: 'string' | 'date' | 'int', key: string, value: string): void {
    this.xml.ele(type, { key, value }).up();
  }
}

function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
