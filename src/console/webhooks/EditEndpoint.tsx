// An endpoint's settings: URL, event types, description, batch size and enabled. Only what
// changed is sent, so saving other fields does not check an unchanged URL again.
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import type { WebhookEventType } from "../gql/graphql.ts";
import { EndpointForm, type EndpointValues, useSubmitProblems } from "./EndpointForm.tsx";
import { UpdateEndpointMutation } from "./operations.ts";
import { endpointChanges } from "./rules.ts";

interface Props {
  endpoint: EndpointValues & { id: string; eventTypes: readonly string[] };
  onChanged(message: string): void;
}

export function EditEndpoint({ endpoint, onChanged }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const problems = useSubmitProblems();
  const current: EndpointValues = {
    url: endpoint.url,
    eventTypes: [...endpoint.eventTypes],
    description: endpoint.description,
    batchSize: endpoint.batchSize,
    enabled: endpoint.enabled,
  };

  async function save(values: EndpointValues) {
    const changes = endpointChanges(current, values);
    if (Object.keys(changes).length === 0) {
      onChanged(t("webhooks.edit.nothing"));
      return null;
    }
    const { eventTypes, ...rest } = changes;
    const result = await client
      .mutation(UpdateEndpointMutation, {
        input: {
          id: endpoint.id,
          ...rest,
          ...(eventTypes ? { eventTypes: eventTypes as WebhookEventType[] } : {}),
        },
      })
      .toPromise();
    const answer = result.data?.updateWebhookEndpoint;
    if (answer?.__typename === "MutationUpdateWebhookEndpointSuccess") {
      onChanged(t("webhooks.edit.saved"));
      return null;
    }
    return problems(answer, result.error);
  }

  return (
    <EndpointForm
      title={t("webhooks.edit.title")}
      submitLabel={t("webhooks.edit.submit")}
      initial={current}
      editing
      onSubmit={save}
    />
  );
}
