// Package reconcile predicts how Microsoft Entra Connect will join on-premises Active
// Directory objects to the users that already exist in a Microsoft 365 tenant, before the
// first synchronization makes the join permanent.
//
// The join happens once, when an on-premises object is first exported, and in a fixed
// order. First the hard match: the object's source anchor (mS-DS-ConsistencyGuid when set,
// else objectGUID in .NET byte order, base64-encoded) is looked up among the cloud users'
// ImmutableIds, case-sensitively. Then the SMTP soft match: the incoming primary SMTP
// address, after Entra's proxy calculation has dropped reserved domains, legacy X400 and
// MSMAIL values and malformed entries, is compared with every SMTP proxy address of the
// cloud users (a mail-enabled user's UPN counts as one; a cloud export without a
// proxyAddresses column lets mail stand for the primary address). Only when that finds no
// candidate, and only when the tenant allows it, the incoming UPN is compared with the
// cloud UPNs. The incoming UPN is the one Entra computes: the on-premises UPN when it is
// valid and its suffix is a verified domain, else mailNickname@initial domain, so that
// billa@contoso.local meets the cloud user billa@contoso.onmicrosoft.com. Otherwise a new
// cloud user is created.
//
// A candidate is not always joined. A cloud user that already carries another ImmutableId,
// or is synced already, is bound; one holding a directory role refuses soft match; tenant
// features can block soft match or the takeover of cloud users through hard match; two
// on-premises objects aiming at the same cloud user block each other, because which one
// wins depends on export order. Each of these is predicted as the outcome "blocked": Entra
// creates a new object and quarantines its colliding values.
//
// Every value is folded once (trimmed, NFC, case-folded) and put in one uniqueness index
// shared by both sides and all object kinds, because Entra enforces uniqueness across UPN,
// mail and proxyAddresses together. The index holds the incoming UPN, not the exported
// one: two users whose unverified UPNs both become bob@<initial domain> collide there.
// The index finds duplicates, collisions on create, values taken by another cloud object,
// secondary aliases that a cloud object nobody joins keeps (Entra drops them from the
// synced object) and addresses shared by a user and a group or contact, each reported as
// a Finding with a plain explanation naming the values. Users that will be created new
// are compared by name and address patterns with the cloud users nobody joins, to catch
// the duplicate account a missed join would make.
//
// Mail-enabled groups and contacts join differently: only by SMTP soft match against a
// cloud object of their own kind, never by hard match or UPN. A security group syncs even
// without mail and is then always created new; when a cloud-only group of the same name
// exists, the tenant will hold two, which is reported. Distribution groups and contacts
// without mail are out of scope.
//
// Finally the findings are turned into Fixes: changes to the on-premises directory or the
// cloud that make the join come out right, or plain instructions where no change is safe.
// A fix that joins or binds a cloud object is approved only when the evidence is the cloud
// user's primary address (or, for an unbound user, its UPN), the on-premises object is its
// only claimant, Entra would accept the hard match and no other exported object carries
// the anchor; each cloud object is claimed by at most one approved join, and no value is
// given to two objects. Pairs guessed from names are never approved: a human decides.
// Reconcile is pure and deterministic: it reads records and Settings and returns a Result,
// and the outcome of each object does not depend on the order of the records.
package reconcile
