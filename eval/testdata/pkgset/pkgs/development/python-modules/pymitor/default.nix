{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyabdorqui, pytemtorab }:

buildPythonPackage rec {
  pname = "pymitor";
  version = "9.2.35";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "98a06886eeb6c848b9171010f4d7830a4f39eda359a227793ff9a29c46f65991";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pyabdorqui pytemtorab ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pymitor library, generated";
    homepage = "https://example.org/projects/pymitor";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice erin ];
  };
}
