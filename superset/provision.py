"""Provision Superset from the repository: roles, admin user, the snapshot connection, datasets, charts, dashboards.

Runs with Superset's own venv (var/superset-venv; in compose, the Superset image) after
`superset db upgrade`, with SUPERSET_CONFIG_PATH pointing at superset/superset_config.py:

    python superset/provision.py BUNDLE.zip

BUNDLE.zip is superset/assets/ (the Superset export format: metadata.yaml, databases/, datasets/,
charts/, dashboards/) with the snapshot path filled in by ntt_dw/superset_local.py. Idempotent:
each run overwrites the assets by uuid and resets the roles' permissions. Reads the admin's
password from SUPERSET_ADMIN_PASSWORD.
"""

import os
import sys
from pathlib import Path
from zipfile import ZipFile

import yaml

ASSETS = Path(__file__).resolve().parent / "assets"
#: the role a user needs to see the restricted case dashboard and its datasets (besides Gamma)
RESTRICTED_ROLE = "Kasus Terbatas"
#: read-only role for logged-in readers of the public dashboards (Gamma's viewing rights + data)
READER_ROLE = "Pembaca Dasbor"


def restricted_tables() -> set[str]:
    """Datasets flagged `restricted: true` in superset/access.yml (written by build_assets.py) (the case marts)."""
    return set(yaml.safe_load((ASSETS.parent / "access.yml").read_text(encoding="utf-8"))["restricted"])


def main(bundle: str) -> int:
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from flask import g
        from superset import appbuilder, db, security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle
        from superset.connectors.sqla.models import SqlaTable
        from superset.models.dashboard import Dashboard

        # `superset init`: every view's permissions, then the roles Admin, Alpha, Gamma, Public
        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()

        admin = security_manager.find_user(username="admin")
        password = os.environ["SUPERSET_ADMIN_PASSWORD"]
        if admin is None:
            admin = security_manager.add_user(
                "admin", "Admin", "ntt-dw", "admin@ntt-dw.local", security_manager.find_role("Admin"), password
            )
        else:
            security_manager.reset_password(admin.id, password)
        db.session.commit()

        g.user = admin
        with ZipFile(bundle) as handle:
            contents = get_contents_from_bundle(handle)
        ImportAssetsCommand(contents).run()  # as POST /api/v1/assets/import/: everything overwritten by uuid
        db.session.commit()

        restricted = restricted_tables()
        public = security_manager.find_role("Public")
        reader = security_manager.add_role(READER_ROLE)
        case_role = security_manager.add_role(RESTRICTED_ROLE)
        # readers: what Public may do (read dashboards and charts, run their queries), logged in
        reader.permissions = list(public.permissions)
        case_role.permissions = []
        for table in db.session.query(SqlaTable).all():
            perm = security_manager.add_permission_view_menu("datasource_access", table.get_perm())
            if table.name in restricted or table.table_name in restricted:
                case_role.permissions.append(perm)
                continue
            for role in (public, reader):
                if perm not in role.permissions:
                    role.permissions.append(perm)
        # the case dashboard: only the restricted role (and Admin) may open it
        for dashboard in db.session.query(Dashboard).all():
            tables = {chart.datasource.table_name for chart in dashboard.slices if chart.datasource}
            dashboard.roles = [case_role] if tables & restricted else []
            dashboard.published = True
        db.session.commit()
        print(f"provisioned: {len(contents)} asset files, roles Public, {READER_ROLE!r}, {RESTRICTED_ROLE!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
