/** One department's part of a route. `after` lists the keys of the steps that must be approved first. */
export interface RouteStep {
  key: string;
  departmentCode: string;
  after: string[];
}
