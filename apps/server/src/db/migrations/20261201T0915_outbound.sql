-- Mail authentication (issue #11, finding 11; decision 0014): the SPF, DKIM and
-- DMARC results we computed for an inbound mail, shown to agents on the
-- message; NULL for every message that did not arrive by mail.
ALTER TABLE messages ADD COLUMN mail_auth jsonb;
ALTER TABLE email_headers ADD COLUMN dmarc text;
