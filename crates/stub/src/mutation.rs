//! Deliberately wrong behaviours ("mutants") the core can be told to show, so a later
//! suite-strength check can prove the conformance suite notices each one. With no mutation
//! the stub behaves as the docs say; each mutation breaks exactly one documented behaviour.
//! A mutation is a real deviation from a page: a legitimate difference (other amounts, extra
//! members, …) is a [`crate::Variation`] instead, which the suite must pass.

use crate::modes::modes;

modes! {
    Mutation,
    "One deliberately wrong behaviour of the stub (see [`Mutation::all`]).",
    "mutation";
    ApigAcceptedAs200 => "apig-202-as-200", "APIG answers a resize with 200 instead of 202.";
    ApigDropsJobId => "apig-drops-job-id", "APIG leaves job_id out of the 202 body.";
    ApigJobIdWrongFormat => "apig-job-id-format", "APIG answers a job_id that is a bare UUID instead of JOB- and 32 hex digits.";
    ApigUnauthorizedWrongCode => "apig-401-wrong-code", "APIG answers 401 with error_code APIC.7101 instead of APIC.7102.";
    ApigIgnoresAuth => "apig-ignores-auth", "APIG accepts a request with no or bad credentials.";
    ApigForbiddenAs401 => "apig-403-as-401", "APIG answers a credential without permission with 401 instead of 403.";
    ApigFaultNotInjectable => "apig-500-never", "APIG ignores the fault control: 500 can never be provoked.";
    CphDropsOrderId => "cph-drops-order-id", "CPH leaves order_id out of the 200 body.";
    CphRequestIdNumber => "cph-request-id-number", "CPH answers request_id as a JSON number instead of a string.";
    CphAcceptsLongModelName => "cph-65-byte-model", "CPH accepts a server_model_name longer than 64 bytes.";
    CphIgnoresAuth => "cph-ignores-auth", "CPH accepts a request with no or bad credentials.";
    ActionUnknownAccepted => "action-unknown-accepted", "Hostway action answers an unknown action with 200.";
    ActionAllowedString => "action-allowed-string", "Hostway validate answers \"allowed\": \"1\" (a string) instead of 1.";
    ActionChangeAs200 => "action-change-200", "Hostway change answers 200 instead of 204.";
    Action404As400 => "action-404-as-400", "Hostway action answers an unknown account, product or service with 400 instead of 404.";
    ActionCostTotalBreaksSum => "action-cost-total-breaks-sum", "Hostway cost answers a total that is not subTotal + taxes.";
    ActionCostAmountNumber => "action-cost-amount-number", "Hostway cost answers the total's amount as a JSON number instead of a decimal string.";
    ActionCostNoCurrency => "action-cost-no-currency", "Hostway cost leaves the currency out of the total.";
    ActionCostMixedCurrency => "action-cost-mixed-currency", "Hostway cost answers subTotal in EUR while the other fees are in USD (two currencies in one answer).";
    ActionIgnoresAuth => "action-ignores-auth", "Hostway action accepts a request with no or wrong Authorization.";
    AddNoLocation => "add-no-location", "Add-service answers 201 without a Location header.";
    Add201As200 => "add-201-as-200", "Add-service answers 200 instead of 201.";
    AddAcceptsCycle121 => "add-accepts-cycle-121", "Add-service accepts billingCycle values above 120.";
    AddUnknownOrderAs400 => "add-unknown-order-400", "Add-service answers an unknown order with 400 instead of 404.";
    AddForbiddenOwnerAllowed => "add-forbidden-owner-allowed", "Add-service lets an owner without permission add a service.";
    AddMissingCookieAllowed => "add-missing-cookie-allowed", "Add-service accepts a request without an OwnerId cookie.";
    UpdateMissingNameAllowed => "update-missing-name", "Update-service does not enforce the required name (rule 3).";
    UpdateEmptyNameAccepted => "update-empty-name-accepted", "Update-service accepts an empty name, which is no valid service name (rule 2).";
    UpdateUnknownAssociatedAccepted => "update-unknown-associated-accepted", "Update-service accepts an associatedTo URL that names no existing service, in the order or on the account (rules 4 and 5).";
    UpdateUnknownServiceAs400 => "update-unknown-400", "Update-service answers an unknown service with 400 instead of 404.";
    UpdateInvalidCycleBadRequest => "update-cycle-bad-request", "Update-service answers an unsupported cycle with badRequest instead of computeFault.";
    UpdateAs200 => "update-204-as-200", "Update-service answers 200 with a body instead of 204.";
    UpdateFaultNotInjectable => "update-502-never", "Update-service ignores the fault control: 502 can never be provoked.";
    JsonAsTextPlain => "json-as-text-plain", "Every JSON response is labelled text/plain instead of application/json.";
}
