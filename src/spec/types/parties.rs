//! The contracting parties: buyer, supplier and bidders, their addresses, contacts and
//! signatories.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The contracting parties.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Parties {
    /// The buyer (OCDS `buyer`): the organisation issuing the tender and signing.
    pub buyer: Party,
    /// The counterparty of the MSA, SLA and NDA; absent before award.
    #[serde(default)]
    pub supplier: Option<Party>,
    /// Bidders known at tender stage; each gets its own NDA (`nda-<id>`).
    #[serde(default)]
    pub bidders: Vec<Party>,
}

/// Which party, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// `parties.buyer`.
    Buyer,
    /// `parties.supplier`.
    Supplier,
}

/// An organisation party to the documents.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Party {
    /// Short id (`[a-z0-9-]`) of a bidder, naming its files (`nda-<id>.pdf`); required
    /// for `parties.bidders`, unused elsewhere.
    #[serde(default)]
    pub id: Option<String>,
    /// Registered legal name, e.g. "Corrib Water Services DAC".
    pub legal_name: String,
    /// Defined term used in the text, e.g. "the Customer" or "Corrib".
    pub short_name: String,
    /// Company registration number (OCDS `identifier.id`).
    #[serde(default)]
    pub registration_id: Option<String>,
    /// Jurisdiction of incorporation, e.g. "Ireland".
    pub jurisdiction: String,
    /// Registered address.
    pub address: Address,
    /// Person to contact.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Person who signs.
    #[serde(default)]
    pub signatory: Option<Signatory>,
}

/// A postal address (OCDS `Address`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Address {
    /// Street and number, one line.
    pub street_address: String,
    /// Town or city.
    pub locality: String,
    /// County, state or province.
    #[serde(default)]
    pub region: Option<String>,
    /// Postal code (Eircode in Ireland).
    #[serde(default)]
    pub postal_code: Option<String>,
    /// Country name.
    pub country_name: String,
}

/// A contact person.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Contact {
    /// Full name or a function ("Procurement Office").
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
}

/// The person who signs for a party.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Signatory {
    /// Full name.
    pub name: String,
    /// Job title.
    pub title: String,
}
