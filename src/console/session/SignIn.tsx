// The sign-in screen: the key is checked with a viewer query before it is kept, so a
// mistyped or revoked key is answered next to the field instead of after a page change.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert, Notice, TextField, useRequestErrorText } from "../app/ui.tsx";
import { graphql } from "../gql/index.ts";
import { createGatewayClient, isKeyRefused } from "./client.ts";

export const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      accountId
      role
    }
    account {
      id
      name
    }
  }
`);

export type SignOutReason = "revoked" | "signedOut";

export function SignIn({
  reason,
  onSignedIn,
}: {
  reason: SignOutReason | null;
  onSignedIn(key: string): void;
}) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const candidate = key.trim();
    if (!candidate) return setError(t("signIn.empty"));
    setChecking(true);
    setError(undefined);
    // A throwaway client: the check must not trigger the signed-in session's revocation path.
    const probe = createGatewayClient(candidate, () => {});
    const result = await probe.client
      .query(ViewerQuery, {}, { requestPolicy: "network-only" })
      .toPromise();
    probe.dispose();
    setChecking(false);
    if (result.data) return onSignedIn(candidate);
    setError(
      result.error && !isKeyRefused(result.error)
        ? requestError(result.error)
        : t("signIn.refused"),
    );
  }

  return (
    <main id="main" className="sign-in">
      <h1>{t("signIn.title")}</h1>
      {reason === "revoked" && <Alert>{t("signIn.revoked")}</Alert>}
      {reason === "signedOut" && <Notice>{t("signIn.signedOut")}</Notice>}
      <p>{t("signIn.intro")}</p>
      <form onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <span id="sign-in-title" hidden>
          {t("signIn.title")}
        </span>
        <TextField
          label={t("signIn.keyLabel")}
          hint={t("signIn.keyHint")}
          error={error}
          value={key}
          onChange={setKey}
          type="password"
          autoComplete="off"
          required
        />
        <button type="submit" disabled={checking}>
          {checking ? t("signIn.checking") : t("signIn.submit")}
        </button>
      </form>
    </main>
  );
}
