"""Messages to patients about their appointments: text messages and emails through GOV.UK Notify."""
