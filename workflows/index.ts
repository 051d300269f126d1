export { applicationWorkflow } from './application.workflow';
export { weeklyReportWorkflow } from './weekly-report.workflow';
