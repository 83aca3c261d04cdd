// The project a screen works in (reservations and schedules belong to one project): a
// labelled select over the account's projects. The choice is kept for the tab, so moving
// between Reservations and Schedules stays in the same project.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, useRequestErrorText } from "../app/ui.tsx";
import { PickProjectsQuery } from "./operations.ts";

const KEY = "sgw.console.project";

/** The chosen project id (null until the list is read, or when there is none). */
export function useChosenProject(): [string | null, (id: string) => void, React.ReactNode] {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const id = useId();
  const [{ data, error }] = useQuery({ query: PickProjectsQuery });
  const [chosen, setChosen] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const projects = data?.projects.edges.map((e) => e.node) ?? [];
  const valid = projects.some((p) => p.id === chosen) ? chosen : (projects[0]?.id ?? null);
  useEffect(() => {
    if (valid) sessionStorage.setItem(KEY, valid);
  }, [valid]);
  const choose = (next: string) => setChosen(next);

  let picker: React.ReactNode;
  if (error) picker = <Alert>{requestError(error)}</Alert>;
  else if (!data) picker = null;
  else if (projects.length === 0)
    picker = (
      <p>
        <a href={href("/projects")} onClick={onLinkClick("/projects")}>
          {t("reservations.project.none")}
        </a>
      </p>
    );
  else
    picker = (
      <div className="field project-picker">
        <label htmlFor={id}>{t("reservations.project.label")}</label>
        <select id={id} value={valid ?? ""} onChange={(e) => choose(e.target.value)}>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
    );
  return [data ? valid : null, choose, picker];
}
