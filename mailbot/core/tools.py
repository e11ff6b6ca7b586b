"""Staff's case tools as events of the case machine: take or release a case, merge two cases into one,
move a mail between cases, split a case. Pure, like the rest of the machine: a case and an event in, the
new case and its timeline entries out; the shell moves the rows and decides a moved mail again."""
from __future__ import annotations

from .case import Case
from .events import MailMoved, Merge, Ownership, TimelineDetail, TimelineEntry


def merge_refusal(keep: Case, other: Case) -> str | None:
    """Why two cases may not be merged, or None. Two different CVR numbers are two organisations: a merge
    would send one organisation's case data to the other's people."""
    if keep.ref == other.ref:
        return f"{keep.ref} is the same case"
    if keep.cvr and other.cvr and keep.cvr != other.cvr:
        return f"{keep.ref} has CVR {keep.cvr} and {other.ref} has CVR {other.cvr}: two organisations"
    return None


def merged(keep: Case, other: Case) -> Case:
    """`keep` with what only `other` knew: `keep`'s own facts and state win, lists are joined without repeats."""
    agreements = {**other.agreements, **keep.agreements}
    scopes = tuple(dict.fromkeys(keep.ip_scopes + other.ip_scopes))
    form_side = keep if keep.form is not None else other
    return keep.add_contacts(list(other.contacts)).with_(
        organisation=keep.organisation or other.organisation, cvr=keep.cvr or other.cvr,
        party_type=keep.party_type or other.party_type, umbrella=keep.umbrella or other.umbrella,
        domain=keep.domain or other.domain, primary_email=keep.primary_email or other.primary_email,
        ip_scopes=scopes, installation_at=keep.installation_at or other.installation_at,
        installation_address=keep.installation_address or other.installation_address,
        org_contact=keep.org_contact or other.org_contact,
        technical_contacts=keep.technical_contacts or other.technical_contacts,
        agreements=agreements, form=form_side.form, form_attachment=form_side.form_attachment,
        form_problems=form_side.form_problems, early_form=keep.early_form or other.early_form,
        needs_attention=keep.needs_attention or other.needs_attention,
        attention_reason=keep.attention_reason or other.attention_reason,
        owner=keep.owner or other.owner, unread=tuple(dict.fromkeys(keep.unread + other.unread)),
        in_doubt=tuple(k for k in dict.fromkeys(keep.in_doubt + other.in_doubt) if k not in agreements),
        aliases=tuple(dict.fromkeys(keep.aliases + (other.ref,) + other.aliases)),
    )


def apply_tool(case: Case, event: Ownership | Merge | MailMoved) -> tuple[Case, tuple[TimelineEntry, ...]]:
    """The case after one staff tool, and what the timeline says of it (with who did it)."""
    if isinstance(event, Ownership):
        if event.take:
            before = f" from {case.owner}" if case.owner and case.owner != event.by else ""
            return case.with_(owner=event.by), (TimelineEntry("owner", f"taken by {event.by}{before}", event.by),)
        return case.with_(owner=None), (TimelineEntry("owner", f"released by {event.by}", event.by),)
    if isinstance(event, Merge):
        other = event.other
        text = (f"{other.ref} ({other.organisation or 'no organisation'}, state {other.state}) merged into this "
                f"case: its mail, contacts and timeline are here, and its reference finds this case")
        return merged(case, other), (TimelineEntry("merged", text, event.by,
                                                   TimelineDetail(other=other.ref, other_state=str(other.state))),)
    what = f"mail #{event.inbound_id}" + (f" ({event.subject})" if event.subject else "")
    if event.arriving:
        text = (f"{what} split off from {event.other_ref} into this new case" if event.split
                else f"{what} moved here from {event.other_ref}; decided again on this case")
    else:
        text = (f"{what} split off into the new case {event.other_ref}" if event.split
                else f"{what} moved to {event.other_ref}")
    return case, (TimelineEntry("mail_moved", text, event.by,
                                TimelineDetail(inbound_id=event.inbound_id, other=event.other_ref)),)
