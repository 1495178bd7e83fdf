from samenhier.forms import PersonForm


class AccountInviteForm(PersonForm):
    """Invite the household's main contact to their own account."""
