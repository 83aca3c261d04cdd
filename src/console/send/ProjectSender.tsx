// Project and sender: the project picker, and the sender picked from the account's APPROVED
// numbers — with none, the seed's guidance and a way to the sender-number screen.
import { useTranslation } from "react-i18next";
import { href, onLinkClick } from "../app/router.ts";
import { SelectField } from "./fields.tsx";
import type { SendValues } from "./form.ts";
import type { FieldErrors } from "./MessageFields.tsx";

interface Props {
  loaded: boolean;
  projects: readonly { id: string; name: string }[];
  senders: readonly { number: string }[];
  values: SendValues;
  set<K extends keyof SendValues>(key: K, value: SendValues[K]): void;
  errors: FieldErrors;
}

export function ProjectSender({ loaded, projects, senders, values, set, errors }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {loaded && projects.length === 0 && (
        <p>
          {t("send.project.none")}{" "}
          <a href={href("/projects")} onClick={onLinkClick("/projects")}>
            {t("nav.projects")}
          </a>
        </p>
      )}
      <SelectField
        label={t("send.project.label")}
        value={values.projectId}
        onChange={(v) => set("projectId", v)}
        placeholder={t("send.project.choose")}
        options={projects.map((p) => ({ value: p.id, label: p.name }))}
        hint={t("send.project.hint")}
        errors={errors.projectId}
      />
      {loaded && senders.length === 0 ? (
        <div className="field no-sender">
          <p>{t("send.sender.none")}</p>
          <p>{t("send.sender.hint")}</p>
          <a className="button" href={href("/senders")} onClick={onLinkClick("/senders")}>
            {t("send.sender.register")}
          </a>
          {errors.from?.map((e) => (
            <p key={e} className="field-error">
              {e}
            </p>
          ))}
        </div>
      ) : (
        <SelectField
          label={t("send.sender.label")}
          value={values.from}
          onChange={(v) => set("from", v)}
          placeholder={t("send.sender.choose")}
          options={senders.map((s) => ({ value: s.number, label: s.number }))}
          hint={t("send.sender.hint")}
          errors={errors.from}
        />
      )}
    </>
  );
}
