//! What a refused FHIR deposit is told: an OperationOutcome naming the
//! element at fault.

use serde_json::{json, Value};

/// Why a deposit was refused: where and what, for the OperationOutcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub expression: String,
    pub diagnostics: String,
    /// FHIR issue type: `invalid`, `required`, `not-supported`, `too-long`.
    pub code: &'static str,
}

impl Invalid {
    pub(crate) fn new(
        expression: impl Into<String>,
        code: &'static str,
        diagnostics: impl Into<String>,
    ) -> Self {
        Self {
            expression: expression.into(),
            diagnostics: diagnostics.into(),
            code,
        }
    }

    /// The OperationOutcome resource describing this refusal.
    pub fn outcome(&self) -> Value {
        operation_outcome(self.code, &self.diagnostics, Some(&self.expression))
    }
}

/// An OperationOutcome with one error issue.
pub fn operation_outcome(code: &str, diagnostics: &str, expression: Option<&str>) -> Value {
    let mut issue = json!({ "severity": "error", "code": code, "diagnostics": diagnostics });
    if let Some(expr) = expression {
        issue["expression"] = json!([expr]);
    }
    json!({ "resourceType": "OperationOutcome", "issue": [issue] })
}
