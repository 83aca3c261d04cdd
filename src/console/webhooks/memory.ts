// What the Webhooks screen keeps while the tab lives: the project last shown, so that coming
// back from an endpoint shows its project, and a notice for the way back (after a deletion).
export const memory: { project: string; notice: string | null } = { project: "", notice: null };

/** The detail view hands over where to return and what to say there. */
export function returnToList(projectId: string, notice: string | null): void {
  memory.project = projectId;
  memory.notice = notice;
}
