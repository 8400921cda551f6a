"""The booking desk: referrals, appointment slots and bookings."""
