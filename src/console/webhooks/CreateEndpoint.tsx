// Adding an endpoint: the form, then its signing secret, shown this one time with a copy
// button and a plain note that it cannot be seen again.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import type { WebhookEventType } from "../gql/graphql.ts";
import { EndpointForm, type EndpointValues, useSubmitProblems } from "./EndpointForm.tsx";
import { CreateEndpointMutation } from "./operations.ts";
import { SecretOnce } from "./shared.tsx";

const EMPTY: EndpointValues = {
  url: "",
  eventTypes: [],
  description: "",
  batchSize: 1,
  enabled: true,
};

interface Props {
  projectId: string;
  onCreated(message: string): void;
}

export function CreateEndpoint({ projectId, onCreated }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const problems = useSubmitProblems();
  const [secret, setSecret] = useState<string | null>(null);
  // A new key empties the form after a success.
  const [round, setRound] = useState(0);

  async function create(values: EndpointValues) {
    setSecret(null);
    const result = await client
      .mutation(CreateEndpointMutation, {
        input: {
          projectId,
          url: values.url,
          eventTypes: values.eventTypes as WebhookEventType[],
          description: values.description,
          batchSize: values.batchSize,
        },
      })
      .toPromise();
    const answer = result.data?.createWebhookEndpoint;
    if (answer?.__typename === "MutationCreateWebhookEndpointSuccess") {
      setSecret(answer.data.secret);
      setRound((r) => r + 1);
      onCreated(t("webhooks.create.done", { url: answer.data.endpoint.url }));
      return null;
    }
    return problems(answer, result.error);
  }

  return (
    <>
      {secret && (
        <SecretOnce
          title={t("webhooks.secret.createdTitle")}
          secret={secret}
          onDone={() => setSecret(null)}
        />
      )}
      <EndpointForm
        key={round}
        title={t("webhooks.create.title")}
        submitLabel={t("webhooks.create.submit")}
        initial={EMPTY}
        onSubmit={create}
      />
    </>
  );
}
