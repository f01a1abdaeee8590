-- Contacts (issue #2): the list, newest first, per workspace.
CREATE INDEX contacts_workspace ON contacts (workspace_id, id DESC);

-- A contact's conversations whatever their status: merges move them, and a
-- web-chat visitor's stream loads its channel's ones on connect.
CREATE INDEX conversations_contact ON conversations (contact_id, channel_id);
