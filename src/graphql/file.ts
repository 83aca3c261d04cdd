// Stored files (sender-number proofs, MMS images) as metadata only. Their bytes are never
// part of this type; they are read through purpose-specific fields like `senderNumberProof`.
import { builder } from "./builder.ts";

export const StoredFileRef = builder.prismaObject("StoredFile", {
  description: "An uploaded file's metadata. The content is not readable through this type.",
  // Select mode: loading the object (e.g. in a review queue) must not drag up to 10 MB of
  // `data` along with it; only the columns of the requested fields are read.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID("id", {
      description:
        "The file's id (a plain database id); for an MMS upload, what `SendMessageInput.fileIds` takes.",
    }),
    fileName: t.exposeString("fileName", {
      description: "The uploader's file name, without any directory part.",
    }),
    mimeType: t.exposeString("mimeType", {
      description: "Detected from the file's content (magic bytes), not taken from the client.",
    }),
    size: t.exposeInt("size", { description: "In bytes." }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the file was uploaded (UTC).",
    }),
    expiresAt: t.expose("expiresAt", {
      type: "DateTime",
      nullable: true,
      description:
        "MMS uploads: after this, sends can no longer name the file (6 days after upload).",
    }),
  }),
});
