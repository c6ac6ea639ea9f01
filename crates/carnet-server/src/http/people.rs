//! People who can open a profile: the owner's invitations (made on the
//! owner's side, used once from the helper's computer), the list of people
//! and their devices, changes of role and withdrawals. Every change is
//! written into the profile's document as a people event, so all the
//! owner's devices see it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use carnet_model::{Action, Role};
use carnet_sync::{
    Accepted, CreatedInvitation, InvitationPreview, Keep, People, PeopleAction, PeopleEvent,
};
use chrono::{Duration, Utc};
use serde::Deserialize;

use super::callers::{bearer, device};
use super::devices::device_name;
use super::{blocking, ApiError, ApiResult, AppState};
use crate::auth::{self, hash_secret};
use crate::people::{Invitation, NewDevice, NewInvitation, NotAccepted, Person, Refusal};
use crate::storage::Device;

/// How long an invitation is valid unless the owner says otherwise.
pub const DEFAULT_INVITATION_HOURS: i64 = 48;
/// The longest an invitation may be valid: a code on paper should not live long.
pub const MAX_INVITATION_HOURS: i64 = 7 * 24;

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/v1/profiles/{id}/invitations",
            post(create_invitation).get(list_invitations),
        )
        .route(
            "/v1/profiles/{id}/invitations/{invitation}",
            delete(cancel_invitation),
        )
        .route("/v1/invitations/accept", post(accept))
        .route("/v1/invitations/preview", post(preview))
        .route(
            "/v1/profiles/{id}/devices/{device}",
            delete(withdraw_device),
        )
        .route("/v1/profiles/{id}/people", get(people))
        .route("/v1/profiles/{id}/people/{person}", delete(revoke))
        .route("/v1/profiles/{id}/people/{person}/role", put(set_role))
        .route("/v1/devices/current/erased", post(erased))
        .route("/v1/profiles/{id}", delete(delete_profile))
}

/// A person's name as typed by the owner (the model's rule, which the
/// owner's vault checks before asking).
pub fn person_name(name: &str) -> Option<String> {
    carnet_model::person_name("name", name).ok()
}

fn invalid(code: &str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

fn refused(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::Forbidden => ApiError::forbidden(
            "only the owner or a co-parent manages who can open this profile, and nobody can remove its owner",
        ),
        Refusal::NotFound => ApiError::not_found("person"),
    }
}

/// The calling device, allowed to manage the people of `profile`.
fn manager(state: &AppState, headers: &HeaderMap, profile: &str) -> ApiResult<Device> {
    let caller = device(state, headers, Some(profile))?;
    if !caller.role.allows(Action::ManagePeople, caller.may_hide) {
        return Err(refused(Refusal::Forbidden));
    }
    Ok(caller)
}

// People's times follow the gateway's clock (as shares' do), so an age
// and an invitation's validity are read against the same "now".

/// Whether the person the profile is about came of age while its owner
/// held it for them (a minor when the owner took it, 18 today by the
/// details the owner synced): only then can the profile become theirs. Once
/// it is, its new owner holds it as an adult, so it is never handed on.
fn came_of_age(state: &AppState, profile: &str) -> ApiResult<bool> {
    let storage = state.hub.storage();
    let (Some(opened), Some(first)) = (
        storage.owner_since(profile)?,
        storage.first_birth_date(profile)?,
    ) else {
        return Ok(false);
    };
    // Judged by the birth date first synced, and only while the details
    // still say the same: editing them cannot make anyone come of age.
    let today = state.clock.now().date_naive();
    Ok(state
        .hub
        .details(profile)?
        .is_some_and(|d| d.birth_date == first && d.came_of_age_since(opened.date_naive(), today)))
}

/// Keeps the first birth date the profile's details bring (once).
pub(super) fn keep_first_birth_date(state: &AppState, profile: &str) -> ApiResult<()> {
    let storage = state.hub.storage();
    if storage.first_birth_date(profile)?.is_none() {
        if let Some(details) = state.hub.details(profile)? {
            storage.keep_first_birth_date(profile, details.birth_date)?;
        }
    }
    Ok(())
}

fn not_of_age() -> ApiError {
    ApiError::forbidden(
        "ownership passes only to the person the profile is about, held for them as a child, from their 18th birthday",
    )
}

fn invalid_code() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_code",
        "unknown, used, cancelled or expired invitation",
    )
}

/// Codes are tried under the same per-address throttle as pairing codes.
fn throttle(state: &AppState, addr: SocketAddr, headers: &HeaderMap) -> ApiResult<()> {
    if state
        .pairing_limiter
        .allow(&state.caller_key(addr, headers))
    {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "too many attempts",
    ))
}

/// The pending invitation behind a code, once the owner's Carnet has sent
/// who the profile is about (until then, the code is kept for a later try).
fn ready_invitation(
    state: &AppState,
    code_hash: &str,
) -> ApiResult<crate::people::PendingInvitation> {
    let pending = state
        .hub
        .storage()
        .pending_invitation(code_hash, state.clock.now())?
        .ok_or_else(invalid_code)?;
    if state.hub.details(&pending.profile)?.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "profile_not_ready",
            "the owner's Carnet has not synced this profile yet: ask them to sync, then use the same code again",
        ));
    }
    Ok(pending)
}

fn event(action: PeopleAction, person: &str, by: Option<&str>) -> PeopleEvent {
    PeopleEvent {
        at: Utc::now(),
        action,
        person: person.to_string(),
        by: by.map(str::to_string),
        role: None,
        device: None,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InvitationRequest {
    name: String,
    role: String,
    #[serde(default)]
    valid_hours: Option<i64>,
}

async fn create_invitation(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
    Json(req): Json<InvitationRequest>,
) -> ApiResult<(StatusCode, Json<CreatedInvitation>)> {
    blocking(move || {
        let caller = manager(&state, &headers, &profile)?;
        let name = person_name(&req.name)
            .ok_or_else(|| invalid("invalid_name", "a name of 1 to 100 characters"))?;
        let role = Role::parse(&req.role)
            .map_err(|_| invalid("invalid_role", "caregiver, parent or read_only"))?;
        if role == Role::Owner {
            if !caller.role.may_hand_over() {
                return Err(refused(Refusal::Forbidden));
            }
            if !came_of_age(&state, &profile)? {
                return Err(not_of_age());
            }
        } else if !caller.role.may_grant(role) {
            return Err(refused(Refusal::Forbidden));
        }
        let hours = req.valid_hours.unwrap_or(DEFAULT_INVITATION_HOURS);
        if !(1..=MAX_INVITATION_HOURS).contains(&hours) {
            return Err(invalid(
                "invalid_validity",
                "an invitation is valid from 1 hour to 7 days",
            ));
        }
        let code = auth::new_invitation_code();
        let id = auth::new_id();
        let now = state.clock.now();
        let expires_at = now + Duration::hours(hours);
        state.hub.storage().add_invitation(&NewInvitation {
            id: &id,
            profile: &profile,
            code_hash: &state.pairing_key.code_hash(&code),
            name: &name,
            role,
            created_by: &caller.person,
            created_at: now,
            expires_at,
        })?;
        state.hub.log_people(
            &profile,
            &PeopleEvent {
                role: Some(role),
                ..event(PeopleAction::Invited, &name, Some(&caller.person_name))
            },
        )?;
        Ok((
            StatusCode::CREATED,
            Json(CreatedInvitation {
                invitation: Invitation {
                    id,
                    name,
                    role,
                    created_at: now,
                    expires_at,
                    created_by: caller.person_name,
                },
                code,
            }),
        ))
    })
    .await
}

async fn list_invitations(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<Invitation>>> {
    blocking(move || {
        manager(&state, &headers, &profile)?;
        Ok(Json(
            state
                .hub
                .storage()
                .invitations(&profile, state.clock.now())?,
        ))
    })
    .await
}

async fn cancel_invitation(
    State(state): State<Arc<AppState>>,
    Path((profile, invitation)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    blocking(move || {
        let caller = manager(&state, &headers, &profile)?;
        let name = state
            .hub
            .storage()
            .cancel_invitation(&profile, &invitation)?
            .ok_or_else(|| ApiError::not_found("invitation"))?;
        state.hub.log_people(
            &profile,
            &event(
                PeopleAction::InvitationCancelled,
                &name,
                Some(&caller.person_name),
            ),
        )?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptRequest {
    code: String,
    device_name: String,
    /// For an owner's invitation: who keeps access, and as what.
    #[serde(default)]
    keep: Vec<Keep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewRequest {
    code: String,
}

/// What a code is for, before using it: the invited person sees who
/// invites them to what, and a young adult becoming owner sees who can open
/// their profile now. Throttled like accepting; the code stays unused.
async fn preview(
    State(state): State<Arc<AppState>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<PreviewRequest>,
) -> ApiResult<Json<InvitationPreview>> {
    throttle(&state, addr, &headers)?;
    blocking(move || {
        let pending = ready_invitation(&state, &state.pairing_key.code_hash(&req.code))?;
        let details = state.hub.details(&pending.profile)?;
        let people = if pending.role == Role::Owner {
            state.hub.storage().briefs(&pending.profile)?
        } else {
            Vec::new()
        };
        Ok(Json(InvitationPreview {
            profile_id: pending.profile.clone(),
            name: pending.name,
            role: pending.role,
            invited_by: pending.invited_by,
            profile_name: details.map(|d| d.name).unwrap_or_default(),
            expires_at: pending.expires_at,
            people,
        }))
    })
    .await
}

async fn accept(
    State(state): State<Arc<AppState>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<AcceptRequest>,
) -> ApiResult<Json<Accepted>> {
    throttle(&state, addr, &headers)?;
    blocking(move || {
        let code_hash = state.pairing_key.code_hash(&req.code);
        let pending = ready_invitation(&state, &code_hash)?;
        // The birth date may have been corrected since the invitation.
        if pending.role == Role::Owner && !came_of_age(&state, &pending.profile)? {
            return Err(not_of_age());
        }
        let token = auth::new_token("cdt");
        let device_id = auth::new_id();
        let name = device_name(&req.device_name);
        let joined = state
            .hub
            .storage()
            .accept_invitation(
                &code_hash,
                &NewDevice {
                    id: &device_id,
                    token_hash: &hash_secret(&token),
                    name: &name,
                },
                &req.keep,
                state.clock.now(),
            )?
            .map_err(|refusal| match refusal {
                NotAccepted::Invalid => invalid_code(),
                NotAccepted::BadChoice => invalid(
                    "invalid_keep",
                    "keep only people who can open this profile, as caregiver or read_only",
                ),
            })?;
        let profile = &joined.profile;
        // Committed: the history is best effort from here, so a failure to
        // write it never loses the new device's token.
        if joined.role == Role::Owner {
            let _ = state.hub.log_people(
                profile,
                &PeopleEvent {
                    device: Some(name),
                    ..event(
                        PeopleAction::CameOfAge,
                        &joined.name,
                        Some(&joined.invited_by),
                    )
                },
            );
            for kept in &joined.kept {
                let _ = state.hub.log_people(
                    profile,
                    &PeopleEvent {
                        role: Some(kept.role),
                        ..event(PeopleAction::RoleChanged, &kept.name, Some(&joined.name))
                    },
                );
            }
            for gone in &joined.withdrawn {
                let _ = state.hub.log_people(
                    profile,
                    &event(PeopleAction::Revoked, gone, Some(&joined.name)),
                );
            }
        } else {
            let _ = state.hub.log_people(
                profile,
                &PeopleEvent {
                    role: Some(joined.role),
                    device: Some(name),
                    ..event(PeopleAction::Joined, &joined.name, Some(&joined.invited_by))
                },
            );
        }
        let details = state.hub.details(profile).ok().flatten();
        Ok(Json(Accepted {
            profile_id: joined.profile,
            device_id,
            person_id: joined.person,
            name: joined.name,
            role: joined.role,
            invited_by: joined.invited_by,
            token,
            details,
            kept: joined.kept,
            withdrawn: joined.withdrawn,
        }))
    })
    .await
}

async fn people(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<People>> {
    blocking(move || {
        let caller = device(&state, &headers, Some(&profile))?;
        let may_hand_over = caller.role.may_hand_over() && came_of_age(&state, &profile)?;
        let mut people = state.hub.storage().people(&profile)?;
        for person in &mut people {
            let own = person.id == caller.person;
            let allowed = caller.role.may_withdraw_device(own, person.role);
            for d in &mut person.devices {
                d.may_withdraw = allowed && d.id != caller.id;
            }
        }
        Ok(Json(People {
            you: caller.person,
            this_device: Some(caller.id),
            people,
            may_hand_over,
        }))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleRequest {
    role: String,
    #[serde(default)]
    may_hide: bool,
}

async fn set_role(
    State(state): State<Arc<AppState>>,
    Path((profile, person)): Path<(String, String)>,
    headers: HeaderMap,
    Json(req): Json<RoleRequest>,
) -> ApiResult<Json<Person>> {
    blocking(move || {
        let caller = manager(&state, &headers, &profile)?;
        let role = Role::parse(&req.role)
            .map_err(|_| invalid("invalid_role", "caregiver, parent or read_only"))?;
        let changed = state
            .hub
            .storage()
            .set_role(&profile, &caller.person, &person, role, req.may_hide)?
            .map_err(refused)?;
        state.hub.log_people(
            &profile,
            &PeopleEvent {
                role: Some(role),
                ..event(
                    PeopleAction::RoleChanged,
                    &changed.name,
                    Some(&caller.person_name),
                )
            },
        )?;
        Ok(Json(changed))
    })
    .await
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    Path((profile, person)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    blocking(move || {
        let caller = manager(&state, &headers, &profile)?;
        let revoked = state
            .hub
            .storage()
            .revoke_person(&profile, &caller.person, &person, state.clock.now())?
            .map_err(refused)?;
        state.hub.log_people(
            &profile,
            &event(
                PeopleAction::Revoked,
                &revoked.name,
                Some(&caller.person_name),
            ),
        )?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// One computer is withdrawn (lost, sold, given away): by its person from
/// another of their computers, or by the owner or a co-parent. The person's
/// other computers keep their access.
async fn withdraw_device(
    State(state): State<Arc<AppState>>,
    Path((profile, target)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    blocking(move || {
        let caller = device(&state, &headers, Some(&profile))?;
        if caller.id == target {
            return Err(invalid(
                "this_device",
                "this is the computer asking: unlink it instead",
            ));
        }
        let (device_name, person_name) = state
            .hub
            .storage()
            .withdraw_device(&profile, &caller.person, &target, state.clock.now())?
            .map_err(|refusal| match refusal {
                Refusal::Forbidden => ApiError::forbidden(
                    "only the person themselves, the owner or a co-parent withdraws a computer",
                ),
                Refusal::NotFound => ApiError::not_found("device"),
            })?;
        state.hub.log_people(
            &profile,
            &PeopleEvent {
                device: Some(device_name),
                ..event(
                    PeopleAction::DeviceWithdrawn,
                    &person_name,
                    Some(&caller.person_name),
                )
            },
        )?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// The owner (or a co-parent) deletes the profile: gone from the gateway,
/// and every device is told at its next contact to erase its copy.
async fn delete_profile(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    blocking(move || {
        let caller = device(&state, &headers, Some(&profile))?;
        state
            .hub
            .delete_profile(&profile, &caller.person)?
            .map_err(|_| {
                ApiError::forbidden("only the owner or a co-parent may delete this profile")
            })?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// A withdrawn device says it erased its copy: written once into the
/// owner's history. Only a withdrawn device's token is heard here.
async fn erased(State(state): State<Arc<AppState>>, headers: HeaderMap) -> ApiResult<StatusCode> {
    blocking(move || {
        let token = bearer(&headers).ok_or_else(ApiError::unauthorized)?;
        let device = state
            .hub
            .storage()
            .device_by_token(&hash_secret(token))?
            .filter(|d| d.withdrawn_by.is_some())
            .ok_or_else(ApiError::unauthorized)?;
        if state
            .hub
            .storage()
            .mark_device_erased(&device.id, state.clock.now())?
            && !device.profile_deleted
        {
            let name = state.hub.storage().device_name(&device.id)?;
            state.hub.log_people(
                &device.profile,
                &PeopleEvent {
                    device: name,
                    ..event(PeopleAction::CopyErased, &device.person_name, None)
                },
            )?;
        }
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// A refused change goes into the owner's history, once in a while per
/// person (a device retrying cannot fill it).
pub(super) fn log_refused_write(state: &AppState, device: &Device) {
    if state
        .refusals
        .first_in_a_while(&device.profile, &device.person)
    {
        let _ = state.hub.log_people(
            &device.profile,
            &event(PeopleAction::WriteRefused, &device.person_name, None),
        );
    }
}
