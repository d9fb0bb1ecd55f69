-- What every table, view and column holds, and what each unit of work takes and returns, for
-- whoever reads them in the Supabase dashboard (Table Editor, SQL editor, API docs). A test checks
-- that nothing in public is left without one.

-- tenants ----------------------------------------------------------------------------------------
comment on table public.tenants is
  'One business using MAX: its WhatsApp number (Green-API instance), its CRM and its settings. Written by operators (npm run tenant); the agent and the tenant''s members read their own row.';
comment on column public.tenants.id is 'The tenant''s slug (lowercase letters, digits, dashes): what every other table''s tenant_id refers to.';
comment on column public.tenants.name is 'The business''s display name.';
comment on column public.tenants.status is 'active, or disabled (MAX answers nothing and the web chat refuses).';
comment on column public.tenants.locale is 'Default reply language (fr, en) when a message''s own language is unclear.';
comment on column public.tenants.timezone is 'IANA time zone: "today", due dates and meeting times are read in it.';
comment on column public.tenants.default_country is 'Region code phone numbers without a country code are read in (libphonenumber-js).';
comment on column public.tenants.green_api_instance_id is 'The Green-API instance (WhatsApp number) whose webhooks belong to this tenant: the tenant is always found from it, never from a message.';
comment on column public.tenants.green_api_url is 'The Green-API host of that instance (https://NNNN.api.green-api.com).';
comment on column public.tenants.crm_mode is 'dedicated (an EspoCRM of its own) or shared (one EspoCRM for several tenants, rows marked by crm_tenant_field).';
comment on column public.tenants.crm_base_url is 'The EspoCRM base URL.';
comment on column public.tenants.crm_auth_mode is 'How MAX signs in to EspoCRM: apikey, hmac or basic (the credentials are in tenant_secrets).';
comment on column public.tenants.crm_tenant_field is 'Shared mode: the EspoCRM field holding the tenant id on every record (e.g. cTenantId).';
comment on column public.tenants.llm_base_url is 'The tenant''s own OpenAI-compatible endpoint (null: the deployment''s).';
comment on column public.tenants.llm_model is 'The tenant''s own model name (null: the deployment''s).';
comment on column public.tenants.human_pause_minutes is 'How long MAX stays quiet in a chat after a human answered from the business phone.';
comment on column public.tenants.created_at is 'When the tenant was added.';
comment on column public.tenants.updated_at is 'When an operator last changed the row.';
comment on column public.tenants.groups_enabled is 'Whether MAX answers in WhatsApp groups at all (off by default).';
comment on column public.tenants.group_crm_data is 'Whether CRM records, e-mails and phone numbers may be posted in a group (else they go to the sender privately).';
comment on column public.tenants.assistant_name is 'In a group, MAX answers messages that start with this name or mention its number.';
comment on column public.tenants.chat_messages_per_minute is 'Distinct messages one chat may start per minute; more wait their turn (never dropped).';
comment on column public.tenants.settings_version is 'Bumped on any change of the settings or secrets: running agents rebuild their clients.';

-- tenant_secrets ---------------------------------------------------------------------------------
comment on table public.tenant_secrets is
  'Per-tenant credentials (CRM API key or HMAC secret, CRM admin login, Green-API token) as AES-256-GCM envelopes; never plaintext. Read by the agent only; not even members see the ciphertexts.';
comment on column public.tenant_secrets.tenant_id is 'The tenant the secret belongs to (also bound into the envelope).';
comment on column public.tenant_secrets.name is 'Which secret: crm_api_key, crm_hmac_secret, crm_username, crm_password, crm_admin_username, crm_admin_password, greenapi_token, llm_api_key.';
comment on column public.tenant_secrets.key_id is 'Which key of MAX_SECRET_KEYS wrapped it (rotation: npm run tenant -- rotate).';
comment on column public.tenant_secrets.ciphertext is 'The envelope (v1.<key id>.<wrapped data key>.<iv>.<ciphertext>); decrypted only inside the agent.';
comment on column public.tenant_secrets.updated_at is 'When the secret was last set or re-wrapped.';

-- tenant_members ---------------------------------------------------------------------------------
comment on table public.tenant_members is
  'People signed in with Supabase Auth and their role in a tenant (web chat, dashboard). The database checks this table, not the token, on every request.';
comment on column public.tenant_members.tenant_id is 'The tenant.';
comment on column public.tenant_members.user_id is 'The Supabase Auth user (auth.users.id, the token''s sub).';
comment on column public.tenant_members.role is 'owner or admin (everything, memory included), member (CRM reads and writes), viewer (reads).';
comment on column public.tenant_members.created_at is 'When the membership was given; a person''s oldest one is their default tenant.';

-- user_tenant_choice -----------------------------------------------------------------------------
comment on table public.user_tenant_choice is
  'The tenant a person of several tenants chose (public.choose_tenant): their next token carries it. Gone with the membership.';
comment on column public.user_tenant_choice.user_id is 'The Supabase Auth user.';
comment on column public.user_tenant_choice.tenant_id is 'The tenant chosen (one of their memberships).';
comment on column public.user_tenant_choice.chosen_at is 'When they chose it.';

-- whatsapp_senders -------------------------------------------------------------------------------
comment on table public.whatsapp_senders is
  'The WhatsApp numbers allowed to talk to MAX for a tenant, with their role. Anyone else gets one polite refusal and nothing of theirs is kept.';
comment on column public.whatsapp_senders.tenant_id is 'The tenant.';
comment on column public.whatsapp_senders.chat_id is 'The WhatsApp id (digits@c.us).';
comment on column public.whatsapp_senders.role is 'admin (schema changes, deletions after a yes, memory) or member (CRM reads and writes).';
comment on column public.whatsapp_senders.display_name is 'A name for operators (npm run tenant -- add-sender --name).';
comment on column public.whatsapp_senders.opted_out is 'The sender wrote STOP (or chose it in the console): set by the agent or by set_my_opt_out.';
comment on column public.whatsapp_senders.created_at is 'When the sender was added.';
comment on column public.whatsapp_senders.preferred_name is 'What the sender asked to be called (written by the agent when told).';
comment on column public.whatsapp_senders.preferred_language is 'The language the sender asked to be answered in (fr, en).';
comment on column public.whatsapp_senders.user_id is 'The signed-in person this number belongs to, if any (lets them change their own opt-out).';

-- inbound_messages -------------------------------------------------------------------------------
comment on table public.inbound_messages is
  'Every message MAX received, once per (tenant, WhatsApp message id): the idempotency anchor, the per-chat order and the claim (lease) of the attempt working on it. Written by the agent only.';
comment on column public.inbound_messages.id is 'MAX''s id of the message (tool results, audit rows and replies point at it).';
comment on column public.inbound_messages.tenant_id is 'The tenant of the receiving instance.';
comment on column public.inbound_messages.id_message is 'Green-API''s idMessage (web chat: web:<user>:<request>): unique per tenant, so a redelivery is recognised.';
comment on column public.inbound_messages.chat_id is 'The chat it came from (a person, or a group …@g.us; web:<user> for the web chat).';
comment on column public.inbound_messages.type_message is 'Green-API''s typeMessage (textMessage, audioMessage, …; webChat).';
comment on column public.inbound_messages.wa_timestamp is 'WhatsApp''s timestamp (Unix seconds): the order of a chat''s messages.';
comment on column public.inbound_messages.request_id is 'The request id minted at the edge for its latest delivery (follow it in the logs).';
comment on column public.inbound_messages.status is 'received (waiting), processing (an attempt holds it), done, failed (will be retried), dead (failed for good; replayable), ignored, throttled (legacy).';
comment on column public.inbound_messages.attempts is 'How many attempts started; every write of an attempt is fenced by this number.';
comment on column public.inbound_messages.lease_until is 'Until when the attempt in progress holds it; after that a redelivery takes it over (at most 10 minutes ahead).';
comment on column public.inbound_messages.error is 'Why the last attempt failed, or why it is dead (an error code, never message text).';
comment on column public.inbound_messages.received_at is 'When the edge received the webhook.';
comment on column public.inbound_messages.processed_at is 'When it was finished (done, ignored or dead).';
comment on column public.inbound_messages.content is 'What a known sender said (text, transcript, media), kept only until the message is handled; never kept for strangers.';
comment on column public.inbound_messages.merged_into is 'The message whose turn took this one in (a burst of one sender''s messages).';
comment on column public.inbound_messages.sender_id is 'Who wrote it: the chat itself in a 1:1 chat, the member in a group.';
comment on column public.inbound_messages.claimed_at is 'When the agent first recorded it (bursts settle on it; never in the future).';
comment on column public.inbound_messages.started_at is 'When its first attempt started (the per-chat rate counts these).';
comment on column public.inbound_messages.outcome is 'How its turn ended: answered, unknown_sender, paused, merged, group_ignored, pending_confirmation, …';

-- sessions ---------------------------------------------------------------------------------------
comment on table public.sessions is
  'The recent conversation of each chat (the context the model and the rules engine see), bounded to 12 turns.';
comment on column public.sessions.tenant_id is 'The tenant.';
comment on column public.sessions.chat_id is 'The conversation: a chat id, chat/sender in a group, web:<user> for the web chat.';
comment on column public.sessions.turns is 'The last turns, [{role, text, at}] (what was said and answered).';
comment on column public.sessions.focus is 'The CRM record the conversation is about ({entity, id, name}): "note: …" alone goes there.';
comment on column public.sessions.paused_until is 'MAX stays quiet in this chat until then (a human answered from the business phone).';
comment on column public.sessions.updated_at is 'When the conversation last changed.';

-- tenant_memory ----------------------------------------------------------------------------------
comment on table public.tenant_memory is
  'What MAX knows about the business (profile, defaults for new records, goals, preferences, notes), shown to the model as quoted data. Written by the agent (an admin''s "remember") and by owners and admins through set_tenant_memory.';
comment on column public.tenant_memory.tenant_id is 'The tenant.';
comment on column public.tenant_memory.key is 'profile.<field>, default.<Entity>.<field>, goal.<n>, pref.<n> or note.<n> (at most 50 per tenant).';
comment on column public.tenant_memory.value is 'The text remembered (1 to 500 characters).';
comment on column public.tenant_memory.updated_at is 'When it was last set.';

-- pending_actions --------------------------------------------------------------------------------
comment on table public.pending_actions is
  'Risky actions (deletions, schema changes, merges) waiting for the admin''s explicit yes: at most one open per conversation, single use, 10 minutes. Created by the agent only.';
comment on column public.pending_actions.id is 'The confirmation''s id.';
comment on column public.pending_actions.tenant_id is 'The tenant.';
comment on column public.pending_actions.chat_id is 'The conversation that was asked (session key).';
comment on column public.pending_actions.tool is 'The tool a yes will run.';
comment on column public.pending_actions.args is 'Its exact arguments.';
comment on column public.pending_actions.args_digest is 'The agent''s seal (HMAC with its secret) over tenant, conversation, tool and arguments: a row MAX did not write never matches.';
comment on column public.pending_actions.expires_at is 'A yes after this runs nothing.';
comment on column public.pending_actions.consumed_at is 'When it was answered, replaced or cancelled.';
comment on column public.pending_actions.created_at is 'When MAX asked.';
comment on column public.pending_actions.resolution is 'confirmed, cancelled (another message) or superseded (a newer question).';

-- tool_calls -------------------------------------------------------------------------------------
comment on table public.tool_calls is
  'The result of each tool call of a message (and of each model decision): a retry reuses it instead of calling the CRM or the model again. Written by the agent only.';
comment on column public.tool_calls.tenant_id is 'The tenant.';
comment on column public.tool_calls.message_id is 'The message (inbound_messages.id) the call belongs to.';
comment on column public.tool_calls.call_index is 'The call''s place in the message''s turn (a model decision has its own index, tool __model_turn__).';
comment on column public.tool_calls.tool is 'The tool (or __model_turn__ for a model decision).';
comment on column public.tool_calls.args_digest is 'sha256 of the tool and its arguments: a retry reuses the result only for the same call.';
comment on column public.tool_calls.ok is 'Whether the tool succeeded.';
comment on column public.tool_calls.result is 'What the tool returned (the reply is rendered from it).';
comment on column public.tool_calls.created_at is 'When it was stored.';
comment on column public.tool_calls.state is 'done, or unknown (a CRM write whose answer was lost: the retry looks before writing again).';

-- max_logs ---------------------------------------------------------------------------------------
comment on table public.max_logs is
  'The audit log, append-only (no update or delete, not even by the owner): every action, refusal and confirmation, and every memory change made by a person. No message text, prompts or secrets.';
comment on column public.max_logs.id is 'Order of the entries.';
comment on column public.max_logs.tenant_id is 'The tenant.';
comment on column public.max_logs.message_id is 'The message that caused it (null: a person''s change through the console or SQL).';
comment on column public.max_logs.actor is 'Who: the sender''s WhatsApp id, web:<user>, or user:<id> for a person''s change outside a chat.';
comment on column public.max_logs.action is 'What: the tool (create_lead, delete_lead, …) or event (opt_out, memory_set, dead_letter, …).';
comment on column public.max_logs.target_entity is 'The kind of record it touched (Lead, Contact, TenantMemory, …).';
comment on column public.max_logs.target_id is 'The record''s id (or the memory key).';
comment on column public.max_logs.args_digest is 'sha256 of the tool and its arguments (not the arguments themselves).';
comment on column public.max_logs.result is 'ok, error, denied, pending_confirmation or reused (a retry replayed a stored result).';
comment on column public.max_logs.latency_ms is 'How long the action took.';
comment on column public.max_logs.detail is 'Structured details (engine, outcome kind, reason, sizes), never message text or values.';
comment on column public.max_logs.created_at is 'When.';

-- outbox -----------------------------------------------------------------------------------------
comment on table public.outbox is
  'Replies to send on WhatsApp, committed with the turn and sent once (a doubtful send is checked in Green-API''s journal, never blindly repeated). Written by the agent only.';
comment on column public.outbox.id is 'The reply''s id.';
comment on column public.outbox.tenant_id is 'The tenant (its WhatsApp number sends it).';
comment on column public.outbox.message_id is 'The message it answers.';
comment on column public.outbox.chat_id is 'Who receives it.';
comment on column public.outbox.body is 'The text sent.';
comment on column public.outbox.quoted_message_id is 'The message it quotes, if any.';
comment on column public.outbox.send_key is 'Unique per tenant: the same reply is never queued twice.';
comment on column public.outbox.status is 'pending, sending (a sender holds it), unknown (may have been sent: the journal decides), sent, failed.';
comment on column public.outbox.attempts is 'Send attempts so far.';
comment on column public.outbox.next_attempt_at is 'When it may be tried (or checked) again.';
comment on column public.outbox.provider_message_id is 'Green-API''s idMessage of the sent message.';
comment on column public.outbox.last_error is 'Why the last send failed.';
comment on column public.outbox.created_at is 'When the turn queued it.';
comment on column public.outbox.sent_at is 'When Green-API took it.';

-- Views ------------------------------------------------------------------------------------------
comment on view public.tenant_activity_daily is 'Messages per tenant per day, by how they ended (the caller''s rows only).';
comment on column public.tenant_activity_daily.tenant_id is 'The tenant.';
comment on column public.tenant_activity_daily.day is 'The day received (UTC).';
comment on column public.tenant_activity_daily.messages is 'Messages received.';
comment on column public.tenant_activity_daily.done is 'Messages handled.';
comment on column public.tenant_activity_daily.failed is 'Messages whose last attempt failed (still retried).';
comment on column public.tenant_activity_daily.throttled is 'Legacy throttled rows (no longer produced).';
comment on column public.tenant_activity_daily.retried is 'Messages that needed more than one attempt.';

comment on view public.recent_failures is 'What went wrong in the last 7 days: failed or dead messages, tool errors, replies not sent.';
comment on column public.recent_failures.kind is 'message, tool or outbox.';
comment on column public.recent_failures.tenant_id is 'The tenant.';
comment on column public.recent_failures.at is 'When (the message''s end or receipt, the tool call, the reply''s creation).';
comment on column public.recent_failures.ref is 'Which: the idMessage, the tool, or the reply''s send key.';
comment on column public.recent_failures.detail is 'Why: the error code or outcome.';
comment on column public.recent_failures.attempts is 'Attempts made (messages, replies).';

comment on view public.message_latency is 'Time from webhook to done, per tenant per day: p50, p95, p99 in milliseconds.';
comment on column public.message_latency.tenant_id is 'The tenant.';
comment on column public.message_latency.day is 'The day received (UTC).';
comment on column public.message_latency.messages is 'Messages finished that day.';
comment on column public.message_latency.p50_ms is 'Median milliseconds from receipt to done.';
comment on column public.message_latency.p95_ms is '95th percentile (ms).';
comment on column public.message_latency.p99_ms is '99th percentile (ms).';

comment on view public.leads_created is 'Leads created by MAX per tenant (replays of a stored result not counted twice).';
comment on column public.leads_created.tenant_id is 'The tenant.';
comment on column public.leads_created.leads_created is 'Leads created.';
comment on column public.leads_created.last_created_at is 'When the latest was created.';

-- Functions --------------------------------------------------------------------------------------
comment on function public.current_tenant_id() is 'The tenant of the caller: request.jwt.claims ->> tenant_id, set per transaction (NULL: none, every policy denies).';
comment on function public.current_user_id() is 'The signed-in user of the request (claims sub), per transaction only; NULL when absent.';
comment on function public.current_member_role() is 'The caller''s role in the claim''s tenant, as tenant_members says now (NULL: not a member). Used by the people''s RLS policies.';
comment on function public.set_tenant_memory(text, text) is
  'Person path (owners, admins): set a tenant memory entry. In: key, value (the table''s limits apply). Out: {"key", "chars"}. Audited.';
comment on function public.forget_tenant_memory(text) is
  'Person path (owners, admins): delete a tenant memory entry. In: key. Out: true when there was one. Audited.';
comment on function public.set_my_opt_out(boolean) is
  'Person path (any member): opt the caller''s own WhatsApp number(s) out of (true) or back into (false) MAX. Out: numbers changed. Audited.';
comment on function public.choose_tenant(text) is
  'Person path: the tenant the caller''s next token carries (one of their memberships). Out: the tenant. Refresh the session after.';
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase Auth''s custom access token hook (as supabase_auth_admin). In: {"user_id", "claims", "authentication_method"}. Out: the event with claims.tenant_id and claims.tenant_role set to the chosen (else oldest) membership, or removed for a person of no tenant.';
comment on function public.max_enter(text) is
  'Inside a unit of work: switches the transaction to max_agent with {"role":"max_agent","tenant_id":<tenant>} as its claims. Refuses tenant users and a caller already holding another tenant''s claim.';
comment on function public.max_instance_tenant(text) is 'The tenant of a Green-API instance id (NULL: unknown), read as service_role before any tenant is known.';
comment on function public.max_begin_turn(jsonb) is
  'Claim a message and load its turn, one round trip. In: {instance | tenantId, channel (whatsapp|web|human), idMessage, chatId, senderId, sessionKey, userId (web), typeMessage, waTimestamp, requestId, receivedAt, content, leaseMs, settleMs, burstWindowMs, burstMaxWaitMs, burstSpanS, maxFollowers, orderHorizonS, knownVersion, throttleNotice, replay}. Out: {"outcome": claimed | duplicate | busy | wait | paused | ignored | not_member | tenant_disabled | unknown_instance, tenantId, messageId, attempt, retryAfterMs, reason, followers, tenant, sender, memberRole, session, memory, secrets, pending, stored, refusedBefore, outbox, unsent, status}.';
comment on function public.max_put_tool_result(text, uuid, integer, jsonb, integer) is
  'Store one tool call''s result and renew the lease, fenced by the attempt. In: tenant, message, attempt, {"callIndex","tool","argsDigest","ok","result","state": done|unknown}, lease ms. Out: false when the attempt lost the message.';
comment on function public.max_heartbeat(text, uuid, integer, integer) is 'Renew the lease of a running attempt (and its burst). Out: false when the attempt lost the message.';
comment on function public.max_release_followers(text, uuid, jsonb) is 'Give back the messages a turn took into its burst but did not handle. In: tenant, message, the ids to keep (jsonb array).';
comment on function public.max_fail_turn(text, uuid, integer, text, boolean) is 'Give a message back for a retry (failed) or mark it dead (final), fenced by the attempt. Out: false when the attempt no longer held it.';
comment on function public.max_commit_turn(jsonb) is
  'Finish a turn in one statement, fenced by the attempt (SQLSTATE MX001 when the lease was lost). In: {tenantId, messageId, attempt, status, outcome, error, keepContent, merged: [ids], audit: [{message_id, actor, action, target_entity, target_id, args_digest, result, latency_ms, detail}], session: {key, turns, focus, pausedUntil}, pendingCreate: {key, tool, args, argsDigest, ttlMs}, pendingResolve: {id, resolution}, optOut: {chatId, value}, memory: {set: {key: value}, delete: [keys], sender: {chatId, name, language}}, outbox: [{chat_id, body, quoted_message_id, send_key}]}. Out: {"outbox": the replies taken for sending}.';
comment on function public.max_take_outbox(text, uuid, integer, boolean) is 'Take replies to send (of one message, or the due ones), each marked sending under a 20 s lease. Out: [{id, messageId, chatId, body, quotedMessageId, sendKey, attempts, createdAt, checkFirst}].';
comment on function public.max_take_outbox_rows(text, uuid, integer, boolean) is 'The body of max_take_outbox, called inside units after they entered the tenant. Out: as max_take_outbox.';
comment on function public.max_complete_send(text, uuid, jsonb) is
  'Record what became of one send. In: {"sent", "providerMessageId"} | {"candidates": [ids from Green-API''s journal]} | {"error", "permanent", "delivery": unknown, "retryAfterMs", "maxAttempts"}. Out: the reply''s new status (or unmatched).';
comment on function public.max_dead_letter(jsonb) is
  'Record a message the queue gave up on as dead and queue its notice. In: {instance, idMessage, chatId, senderId, typeMessage, waTimestamp, requestId, receivedAt, reason, notice, content}. Out: {"outcome": recorded | already_final | unknown_instance, tenantId, messageId, outbox}.';
comment on function public.max_active_instances() is 'Out: [{"tenantId", "idInstance"}] of every active tenant (the backstop''s list), read as service_role.';
comment on function public.max_tenant_context(text, bigint) is 'A tenant''s settings, and its secrets'' ciphertexts when the caller''s copy (known version) is older. Out: {"tenant", "secrets"} or NULL.';
comment on function public.tenants_bump_version() is 'Trigger: bumps tenants.settings_version when a setting changes.';
comment on function public.tenant_secrets_bump_version() is 'Trigger: bumps tenants.settings_version when a secret changes.';
comment on function public.max_logs_append_only() is 'Trigger: refuses every update, delete and truncate of max_logs.';
comment on function public.tenant_memory_limit() is 'Trigger: at most 50 memory entries per tenant (writers take turns per tenant).';
comment on function public.tenant_memory_audit() is 'Trigger: audits a memory change made by a person (claims with a sub) in max_logs, key and length only.';
comment on function public.inbound_messages_times_bounded() is 'Trigger: refuses a claim or start in the future and a lease over 10 minutes ahead, whoever writes.';
