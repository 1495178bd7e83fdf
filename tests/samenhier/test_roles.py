from django.contrib.auth.models import Group

from samenhier.roles import Role
from samenhier.services import role_grant, roles_grant

from ..factories import UserFactory


def test_it_creates_a_group_for_every_role(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_it_gives_coordinators_admin_rights_on_the_records_they_keep(db):
    perms = set(
        Group.objects.get(name=Role.COORDINATOR).permissions.values_list("codename", flat=True)
    )
    assert {"view_refugee", "change_refugee", "add_welcomegroup", "view_match"} <= perms
    # Households and groups are withdrawn, never deleted.
    assert "delete_refugee" not in perms
    assert "delete_welcomegroup" not in perms


def test_it_gives_portal_roles_no_admin_rights(db):
    for role in (Role.GROUP_MEMBER, Role.REFUGEE, Role.PROGRAMME_STAFF, Role.COMMUNITY_BUILDER):
        assert not Group.objects.get(name=role).permissions.exists()


def test_it_knows_a_users_roles_and_municipalities(coordinator, municipality, administrator):
    assert coordinator.roles == {Role.COORDINATOR}
    assert coordinator.municipality_ids == {municipality.pk}
    assert administrator.is_administrator
    assert municipality.pk in administrator.municipality_ids


def test_a_role_granted_in_bulk_is_the_role_granted_one_by_one(db):
    one, *many = UserFactory.create_batch(3)
    role_grant(user=one, role=Role.ADMINISTRATOR)
    roles_grant(users=many, role=Role.ADMINISTRATOR)
    roles_grant(users=many, role=Role.ADMINISTRATOR)  # twice: nothing more

    for user in (one, *many):
        assert user.roles == {Role.ADMINISTRATOR}
        user.refresh_from_db()
        assert (user.is_staff, user.is_superuser) == (True, True)
        assert user.groups.count() == 1


def test_a_portal_role_in_bulk_opens_no_admin(db):
    users = UserFactory.create_batch(2)
    roles_grant(users=users, role=Role.GROUP_MEMBER)
    for user in users:
        user.refresh_from_db()
        assert user.roles == {Role.GROUP_MEMBER}
        assert not user.is_staff
