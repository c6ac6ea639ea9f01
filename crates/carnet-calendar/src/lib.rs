//! The French vaccination calendar as a pure engine: from a person's birth
//! date and the doses recorded (each with the antigens its vaccine covers),
//! what is done, due, overdue or upcoming for each disease today, with the
//! calendar's catch-up rules where it has them and "ask your doctor" where
//! it does not; and, the same way, the child's compulsory examinations, the
//! prevention check-ups and the organised cancer screenings (`follow_up`).
//! No clock, no storage: the caller passes "today".

mod antigen;
mod assess;
mod checkups;
mod schedule;
mod vaccines;

pub use antigen::Antigen;
pub use assess::{
    assess, AntigenStatus, AssessError, Assessment, Reason, RecordedDose, SetAside, SetAsideReason,
    State,
};
pub use checkups::{follow_up, ExamStatus, CHECKUPS_EDITION};
pub use schedule::EDITION;
pub use vaccines::{antigens_of, vaccine_named, Vaccine, VACCINES};
