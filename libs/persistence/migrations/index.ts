import { InitialSchema1795646935936 } from './1795646935936-InitialSchema';
import { WorkingDayCalendar1795649334407 } from './1795649334407-WorkingDayCalendar';
import { ServiceConfiguration1795649651849 } from './1795649651849-ServiceConfiguration';
import { TaskApprovals1795650995046 } from './1795650995046-TaskApprovals';
import { HandlingGroups1795651188995 } from './1795651188995-HandlingGroups';
import { WorkflowStartedAt1795651597193 } from './1795651597193-WorkflowStartedAt';
import { AccountableClocks1796171649910 } from './1796171649910-AccountableClocks';
import { OpinionTemplates1796177524465 } from './1796177524465-OpinionTemplates';
import { ApplicationsByService1796193621170 } from './1796193621170-ApplicationsByService';
import { ReportRollups1796197464689 } from './1796197464689-ReportRollups';
import { StuckCases1796197683119 } from './1796197683119-StuckCases';
import { WeeklyReports1796201000000 } from './1796201000000-WeeklyReports';
import { OpenTaskQueue1796215758945 } from './1796215758945-OpenTaskQueue';
import { ReportSupplementWaits1796217491791 } from './1796217491791-ReportSupplementWaits';
import { MaterialFiles1796220175872 } from './1796220175872-MaterialFiles';
import { Ratings1796221301310 } from './1796221301310-Ratings';
import { DeferredMaterials1796230000020 } from './1796230000020-DeferredMaterials';
import { Certificates1796230000040 } from './1796230000040-Certificates';
import { PledgeApproval1796230000030 } from './1796230000030-PledgeApproval';
import { SupplementNotices1796230000010 } from './1796230000010-SupplementNotices';
import { ReportRollupVersion1796230000050 } from './1796230000050-ReportRollupVersion';
import { ReportDepartmentIndexes1796230000060 } from './1796230000060-ReportDepartmentIndexes';
import { ReportRollupChanges1796230000070 } from './1796230000070-ReportRollupChanges';

/** Every migration, in order. New ones are generated with `npm run migration:generate -- libs/persistence/migrations/Name` and added here. */
export const MIGRATIONS = [InitialSchema1795646935936, WorkingDayCalendar1795649334407, ServiceConfiguration1795649651849, TaskApprovals1795650995046, HandlingGroups1795651188995, WorkflowStartedAt1795651597193, AccountableClocks1796171649910, OpinionTemplates1796177524465, ApplicationsByService1796193621170, ReportRollups1796197464689, StuckCases1796197683119, WeeklyReports1796201000000, OpenTaskQueue1796215758945, ReportSupplementWaits1796217491791, MaterialFiles1796220175872, Ratings1796221301310, SupplementNotices1796230000010, DeferredMaterials1796230000020, PledgeApproval1796230000030, Certificates1796230000040, ReportRollupVersion1796230000050, ReportDepartmentIndexes1796230000060, ReportRollupChanges1796230000070];
